"use client";
export default function Stub() {
  return <p>retry: coming soon</p>;
}
