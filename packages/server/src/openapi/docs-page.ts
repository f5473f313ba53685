/**
 * A self-contained API reference: fetches the OpenAPI document and renders operations and schemas with a
 * few lines of script, so `/docs` works offline and without a CDN.
 */
export function docsPage(openapiUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Greenlight API</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1b1f23; background: #fafbfc; }
  header { background: #14532d; color: #fff; padding: 1rem 2rem; }
  header h1 { margin: 0; font-size: 1.4rem; }
  main { max-width: 60rem; margin: 0 auto; padding: 1rem 2rem 4rem; }
  h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; margin-top: 2rem; }
  details { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; margin: .5rem 0; }
  summary { cursor: pointer; padding: .5rem .75rem; }
  .method { display: inline-block; min-width: 4.5rem; font-weight: 700; font-family: ui-monospace, monospace; }
  .get { color: #0969da; } .post { color: #1a7f37; } .put, .patch { color: #9a6700; } .delete { color: #cf222e; }
  code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
  pre { background: #f6f8fa; padding: .75rem; overflow: auto; border-radius: 6px; margin: 0 .75rem .75rem; }
  .body { padding: 0 .75rem .5rem; }
  .error { color: #cf222e; }
</style>
</head>
<body>
<header><h1>Greenlight API</h1><div id="version"></div></header>
<main id="root"><p>Loading <code>${openapiUrl}</code>…</p></main>
<script>
(async () => {
  const root = document.getElementById('root');
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    for (const child of children) node.append(child);
    return node;
  };
  const pre = (value) => el('pre', {}, JSON.stringify(value, null, 2));
  try {
    const doc = await (await fetch(${JSON.stringify(openapiUrl)})).json();
    document.getElementById('version').textContent = 'OpenAPI ' + doc.openapi + ' · version ' + doc.info.version;
    root.replaceChildren();
    if (doc.info.description) root.append(el('p', {}, doc.info.description));
    const byTag = new Map();
    for (const [path, item] of Object.entries(doc.paths || {})) {
      for (const [method, op] of Object.entries(item)) {
        const tag = (op.tags && op.tags[0]) || 'Other';
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push({ path, method, op });
      }
    }
    for (const [tag, ops] of byTag) {
      root.append(el('h2', {}, tag));
      for (const { path, method, op } of ops) {
        const body = el('div', { class: 'body' });
        if (op.description) body.append(el('p', {}, op.description));
        if (op.parameters && op.parameters.length) {
          body.append(el('strong', {}, 'Parameters'));
          body.append(pre(op.parameters.map((p) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema }))));
        }
        const content = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
        if (content) { body.append(el('strong', {}, 'Request body')); body.append(pre(content.schema)); }
        body.append(el('strong', {}, 'Responses'));
        body.append(pre(Object.fromEntries(Object.entries(op.responses || {}).map(([status, r]) => {
          const media = r.content ? Object.entries(r.content)[0] : null;
          return [status, media ? { description: r.description, [media[0]]: media[1].schema } : r.description];
        }))));
        root.append(el('details', {}, el('summary', {}, el('span', { class: 'method ' + method }, method.toUpperCase()), el('code', {}, path), ' ', op.summary || ''), body));
      }
    }
    root.append(el('h2', {}, 'Schemas'));
    for (const [name, schema] of Object.entries((doc.components && doc.components.schemas) || {})) {
      root.append(el('details', { id: 'schema-' + name }, el('summary', {}, el('code', {}, name)), pre(schema)));
    }
  } catch (error) {
    root.replaceChildren(el('p', { class: 'error' }, 'Could not load the OpenAPI document: ' + error));
  }
})();
</script>
</body>
</html>`;
}
