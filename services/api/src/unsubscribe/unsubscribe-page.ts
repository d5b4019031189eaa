/**
 * The pages of the one-click unsubscribe: plain, no scripts, no images, nothing about the recipient (the token
 * names an enrolment, and the page shows nothing of it).
 */

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
${body}
</body></html>
`;
}

/** GET: a button that POSTs to the same address. Link scanners follow GETs, so the GET itself changes nothing. */
export function confirmPage(): string {
  return page(
    'Unsubscribe',
    `<h1>Unsubscribe</h1>
<p>Stop receiving these emails? You will not get any further messages from this sender.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
  );
}

/** POST: done (the first time and every time after). */
export function donePage(): string {
  return page('Unsubscribed', `<h1>You are unsubscribed</h1>\n<p>You will not receive further emails from this sender.</p>`);
}
