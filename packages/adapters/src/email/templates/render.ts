import type { EmailContent, EmailLink, EmailSection, RenderedEmail } from './model';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Only http(s) URLs become links or images: a `javascript:` photo URL must not reach a mail client. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function textSection(section: EmailSection): string {
  const out: string[] = [];
  if (section.heading) out.push(section.heading.toUpperCase());
  if (section.image) {
    const url = safeUrl(section.image.url);
    if (url) out.push(`${section.image.alt}: ${url}`);
  }
  if (section.rows?.length) {
    const width = Math.max(...section.rows.map(([label]) => label.length));
    for (const [label, value] of section.rows) out.push(`${`${label}:`.padEnd(width + 2)}${value}`);
  }
  for (const line of section.lines ?? []) out.push(line);
  if (section.quote !== undefined) out.push(...section.quote.split(/\r?\n/).map((line) => `> ${line}`));
  for (const item of section.list ?? []) out.push(`- ${item}`);
  for (const link of section.links ?? []) out.push(`${link.label}: ${link.url}`);
  return out.join('\n');
}

function renderText(content: EmailContent, greeting: string, footer: string): string {
  const blocks = [greeting, content.intro.join('\n'), ...content.sections.map(textSection)];
  if (content.actions.length) blocks.push(content.actions.map((a) => `${a.label}: ${a.url}`).join('\n'));
  blocks.push(`-- \n${footer}`);
  return `${blocks.filter((b) => b.trim() !== '').join('\n\n')}\n`;
}

const styles = {
  body: 'margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1f2328;',
  card: 'max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;',
  heading: 'font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#57606a;margin:24px 0 8px;',
  label: 'padding:4px 16px 4px 0;color:#57606a;vertical-align:top;white-space:nowrap;',
  quote: 'margin:8px 0;padding:8px 12px;border-left:3px solid #d0d7de;color:#1f2328;white-space:pre-wrap;',
  button:
    'display:inline-block;margin:0 8px 8px 0;padding:10px 16px;border-radius:6px;background:#1a7f37;color:#ffffff;text-decoration:none;font-weight:600;',
  footer: 'max-width:600px;margin:16px auto 0;font-size:12px;color:#57606a;text-align:center;',
};

function htmlLink(link: EmailLink): string {
  const url = safeUrl(link.url);
  return url
    ? `<a href="${escapeHtml(url)}">${escapeHtml(link.label)}</a>`
    : escapeHtml(`${link.label}: ${link.url}`);
}

function htmlSection(section: EmailSection): string {
  const out: string[] = [];
  if (section.heading) out.push(`<h2 style="${styles.heading}">${escapeHtml(section.heading)}</h2>`);
  const image = safeUrl(section.image?.url);
  if (image && section.image) {
    out.push(
      `<img src="${escapeHtml(image)}" alt="${escapeHtml(section.image.alt)}" width="64" height="64" style="border-radius:50%;display:block;margin:0 0 8px;">`,
    );
  }
  if (section.rows?.length) {
    const rows = section.rows
      .map(
        ([label, value]) =>
          `<tr><td style="${styles.label}">${escapeHtml(label)}</td><td>${escapeHtml(value)}</td></tr>`,
      )
      .join('');
    out.push(`<table role="presentation" cellpadding="0" cellspacing="0">${rows}</table>`);
  }
  for (const line of section.lines ?? []) out.push(`<p style="margin:0 0 8px;">${escapeHtml(line)}</p>`);
  if (section.quote !== undefined)
    out.push(`<blockquote style="${styles.quote}">${escapeHtml(section.quote)}</blockquote>`);
  if (section.list?.length)
    out.push(`<ul>${section.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`);
  if (section.links?.length)
    out.push(`<p style="margin:0 0 8px;">${section.links.map(htmlLink).join(' &middot; ')}</p>`);
  return out.join('\n');
}

function renderHtml(content: EmailContent, greeting: string, footer: string): string {
  const actions = content.actions
    .map((action) => {
      const url = safeUrl(action.url);
      return url
        ? `<a href="${escapeHtml(url)}" style="${styles.button}">${escapeHtml(action.label)}</a>`
        : '';
    })
    .join('');
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(content.subject)}</title></head>`,
    `<body style="${styles.body}"><div style="${styles.card}">`,
    `<p style="margin:0 0 12px;">${escapeHtml(greeting)}</p>`,
    ...content.intro.map((line) => `<p style="margin:0 0 12px;">${escapeHtml(line)}</p>`),
    ...content.sections.map(htmlSection),
    actions ? `<div style="margin-top:24px;">${actions}</div>` : '',
    `</div><p style="${styles.footer}">${escapeHtml(footer)}</p></body></html>`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** Renders a template's content as the plain-text and HTML parts of one email. */
export function renderContent(
  content: EmailContent,
  recipientName: string,
  productName: string,
): RenderedEmail {
  const greeting = `Hi ${recipientName},`;
  const footer = `You receive this email because of a booking on ${productName}.`;
  return {
    subject: content.subject,
    text: renderText(content, greeting, footer),
    html: renderHtml(content, greeting, footer),
    attachments: content.attachments ?? [],
  };
}
