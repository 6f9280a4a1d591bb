// Runs before first paint so the page never flashes the wrong theme.
import { THEME_SCRIPT } from "./theme-script-source";

export function ThemeScript() {
  return <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />;
}
