// What each kind of quiz is called on the quiz pages.
export const QUIZ_KIND_LABELS: Record<string, string> = {
  PRACTICE: "Practice quiz",
  ADAPTIVE: "Adaptive quiz",
  DAILY: "Daily challenge",
};
