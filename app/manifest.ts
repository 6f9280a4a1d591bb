import type { MetadataRoute } from "next";

// The web app manifest (/manifest.webmanifest): name, colours and icons for "add to home screen".
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Quorum — distributed-systems interview practice",
    short_name: "Quorum",
    description: "Lessons, simulations, timed quizzes and spaced repetition for distributed-systems interviews.",
    start_url: "/",
    display: "standalone",
    background_color: "#fbfbfa",
    theme_color: "#3b4fd8",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
      { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
    ],
  };
}
