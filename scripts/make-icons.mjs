#!/usr/bin/env node
// Draws the app icons from app/icon.svg with Debian's Chromium (node scripts/make-icons.mjs):
// app/apple-icon.png (180 px), public/icon-192.png and public/icon-512.png for the web app
// manifest, and app/favicon.ico (a 32 px PNG inside an ICO) for clients that ask for /favicon.ico.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const svg = readFileSync("app/icon.svg", "utf8");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
async function png(size) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`);
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}
mkdirSync("public", { recursive: true });
writeFileSync("app/apple-icon.png", await png(180));
writeFileSync("public/icon-192.png", await png(192));
writeFileSync("public/icon-512.png", await png(512));
const small = await png(32);
// ICO: a 6-byte header, one 16-byte directory entry, then the PNG itself.
const header = Buffer.alloc(22);
header.writeUInt16LE(0, 0); header.writeUInt16LE(1, 2); header.writeUInt16LE(1, 4);
header.writeUInt8(32, 6); header.writeUInt8(32, 7); header.writeUInt8(0, 8); header.writeUInt8(0, 9);
header.writeUInt16LE(1, 10); header.writeUInt16LE(32, 12); header.writeUInt32LE(small.length, 14); header.writeUInt32LE(22, 18);
writeFileSync("app/favicon.ico", Buffer.concat([header, small]));
await browser.close();
