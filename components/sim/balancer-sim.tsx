"use client";
export default function Stub() {
  return <p>balancer: coming soon</p>;
}
