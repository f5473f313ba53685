/**
 * The pages' only stylesheet, inlined in a `<style>` element that the Content-Security-Policy allows by its
 * hash: no other style, script, image or frame can load. Sized for a phone's mail app first (16 px inputs, so
 * iOS does not zoom; 44 px touch targets), every colour at least 4.5:1 against its background.
 */
export const ACTION_PAGE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f3f4f6;color:#1f2328;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
.page{max-width:540px;margin:0 auto;padding:32px 16px 48px}
.brand{display:flex;align-items:center;gap:8px;margin:0 0 20px 4px;font-weight:600;font-size:15px;color:#1f2328;letter-spacing:-.01em}
.brand svg{flex:none}
.card{background:#fff;border:1px solid #e1e4e8;border-radius:14px;box-shadow:0 1px 2px rgba(31,35,40,.04),0 8px 24px rgba(31,35,40,.06);padding:28px}
.icon{display:flex;width:44px;height:44px;border-radius:50%;align-items:center;justify-content:center;margin:0 0 16px}
.icon-done{background:#dafbe1;color:#116329}
.icon-warn{background:#fff1c2;color:#7a4d00}
.icon-stop{background:#ffebe9;color:#a40e26}
.icon-info{background:#ddf4ff;color:#0550ae}
.eyebrow{margin:0 0 4px;font-size:13px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:#57606a}
h1{margin:0 0 8px;font-size:24px;line-height:1.25;font-weight:650;letter-spacing:-.015em}
.lead{margin:0 0 20px;color:#3d444d}
.lead strong{color:#1f2328}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:10px 20px;margin:0 0 20px;padding:16px 18px;background:#f6f8fa;border:1px solid #eaeef2;border-radius:10px}
.facts dt{color:#57606a;font-size:14px;line-height:1.6}
.facts dd{margin:0;font-weight:500;overflow-wrap:anywhere}
.facts .sub{display:block;font-weight:400;font-size:14px;color:#57606a}
.facts .was{text-decoration:line-through;color:#57606a;font-weight:400}
.quote{margin:0 0 20px;padding:12px 16px;border-left:3px solid #d0d7de;background:#fff;color:#1f2328;white-space:pre-wrap;overflow-wrap:anywhere}
.quote-label{margin:0 0 6px;font-size:14px;color:#57606a}
h2{margin:24px 0 8px;font-size:15px;font-weight:600}
ul.plain{margin:0 0 16px;padding-left:20px}
ul.plain li{margin:2px 0}
.alert{margin:0 0 20px;padding:14px 16px;border-radius:10px;border:1px solid}
.alert p{margin:0}
.alert p+p,.alert p+ul,.alert ul+p{margin-top:8px}
.alert ul{margin:8px 0 0;padding-left:20px}
.alert-warn{background:#fff8e1;border-color:#e6c46a;color:#3b2300}
.alert-stop{background:#fff0ee;border-color:#f5a8a0;color:#5c0012}
.alert-ok{background:#effbf1;border-color:#9fdcac;color:#0b3d1c}
form{margin:0}
.field{margin:0 0 20px}
label,.legend{display:block;margin:0 0 6px;font-weight:600;font-size:15px}
fieldset{margin:0 0 20px;padding:0;border:0;min-width:0}
legend{padding:0;margin:0 0 8px;font-weight:600;font-size:15px}
.hint{margin:-2px 0 8px;font-size:14px;color:#57606a}
.options{display:grid;gap:8px}
.option{display:flex;align-items:center;gap:10px;margin:0;padding:11px 14px;border:1px solid #d0d7de;border-radius:10px;font-weight:400;cursor:pointer;min-height:44px}
.option:has(input:checked){border-color:#1a7f37;background:#f2fbf4;box-shadow:0 0 0 1px #1a7f37}
.option input{width:18px;height:18px;margin:0;accent-color:#1a7f37;flex:none}
input[type=datetime-local],textarea{display:block;width:100%;font:inherit;font-size:16px;color:#1f2328;background:#fff;border:1px solid #8c959f;border-radius:10px;padding:11px 12px;min-height:46px}
textarea{resize:vertical;min-height:104px}
input:focus-visible,textarea:focus-visible,.btn:focus-visible,a:focus-visible,.option:has(input:focus-visible){outline:3px solid #0969da;outline-offset:2px}
[aria-invalid=true]{border-color:#cf222e;box-shadow:0 0 0 1px #cf222e}
.error{margin:8px 0 0;font-size:14px;font-weight:500;color:#b3001b}
.actions{display:grid;gap:10px;margin-top:4px}
.btn{display:flex;align-items:center;justify-content:center;width:100%;min-height:48px;padding:12px 18px;border:1px solid transparent;border-radius:10px;font:inherit;font-weight:600;font-size:16px;line-height:1.25;text-align:center;text-decoration:none;cursor:pointer}
.btn-primary{background:#1a7f37;color:#fff}
.btn-primary:hover{background:#116329}
.btn-danger{background:#b3261e;color:#fff}
.btn-danger:hover{background:#8c1d18}
.btn-secondary{background:#fff;color:#1f2328;border-color:#d0d7de}
.btn-secondary:hover{background:#f6f8fa}
.others{margin:20px 0 0;padding-top:16px;border-top:1px solid #eaeef2;font-size:14px;color:#57606a;text-align:center}
.others a{color:#0550ae;font-weight:500}
.foot{margin:20px 8px 0;font-size:13px;color:#57606a;text-align:center}
.foot a{color:#0550ae}
@media (max-width:420px){.page{padding:20px 12px 32px}.card{padding:22px 18px;border-radius:12px}h1{font-size:22px}.facts{grid-template-columns:1fr;gap:2px}.facts dd{margin-bottom:8px}}
`.trim();
