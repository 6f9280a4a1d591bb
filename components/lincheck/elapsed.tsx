"use client";
import { useEffect, useState } from "react";
import styles from "./lincheck.module.css";

/** Seconds since `since` (a performance.now() time), ticking: visible proof the page is not frozen. */
export function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(since);
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, []);
  return <span className={styles.tabular}>{((now - since) / 1000).toFixed(1)} s</span>;
}
