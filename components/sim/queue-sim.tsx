"use client";
export default function Stub() {
  return <p>queue: coming soon</p>;
}
