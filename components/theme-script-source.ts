// The inline script that sets the theme before first paint. Its text is also hashed into the
// Content-Security-Policy (proxy.ts): inline scripts run only when their hash or nonce is listed.
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem("quorum-theme");var d=t?t==="dark":matchMedia("(prefers-color-scheme: dark)").matches;document.documentElement.classList.toggle("dark",d);}catch(e){}})();`;
