/**
 * The pages the answer links open. An approval link only shows a page with one button: the answer
 * counts when that button is pressed (a POST), so a link preview or a virus scanner that fetches
 * the link cannot answer for the recipient. No scripts; styles inline.
 */

export const PAGE_SECURITY_POLICY =
	"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function paragraphs(text: string): string {
	return text
		.split(/\n{2,}/)
		.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
		.join('');
}

function page(title: string, body: string): string {
	return (
		'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
		`<title>${escapeHtml(title)}</title><style>` +
		'body{font-family:system-ui,-apple-system,sans-serif;background:#f0f2f5;margin:0;padding:24px;color:#111b21}' +
		'main{max-width:480px;margin:40px auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 1px 3px rgba(0,0,0,.15)}' +
		'h1{font-size:20px;margin:0 0 12px}button{background:#008069;color:#fff;border:0;border-radius:20px;padding:12px 24px;font-size:16px;cursor:pointer}' +
		'button.decline{background:#54656f}textarea{width:100%;box-sizing:border-box;min-height:120px;font:inherit;padding:8px;margin:8px 0 16px}' +
		`</style></head><body><main>${body}</main></body></html>`
	);
}

/** The approval link's page: the question and one button that sends the answer. */
export function confirmPage(message: string, label: string, approved: boolean): string {
	return page(
		label,
		`${paragraphs(message)}<form method="post"><button type="submit"${approved ? '' : ' class="decline"'}>${escapeHtml(label)}</button></form>`,
	);
}

/** The free-text link's page: a form with one field. */
export function freeTextPage(
	title: string,
	description: string,
	buttonLabel: string,
	problem?: string,
): string {
	return page(
		title || 'Your answer',
		`${title ? `<h1>${escapeHtml(title)}</h1>` : ''}${paragraphs(description)}` +
			(problem ? `<p role="alert"><strong>${escapeHtml(problem)}</strong></p>` : '') +
			`<form method="post"><textarea name="response" required aria-label="Response"></textarea><button type="submit">${escapeHtml(buttonLabel)}</button></form>`,
	);
}

export function recordedPage(): string {
	return page(
		'Got it, thanks',
		'<h1>Got it, thanks</h1><p>Your answer was recorded. This page can be closed now.</p>',
	);
}
