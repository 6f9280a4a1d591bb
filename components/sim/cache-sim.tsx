"use client";
export default function Stub() {
  return <p>cache: coming soon</p>;
}
