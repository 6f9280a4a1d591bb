// The simulation components MDX lessons may embed, keyed by component name (lazy: each loads when
// it scrolls into view).
export { simComponents } from "@/components/sim";
