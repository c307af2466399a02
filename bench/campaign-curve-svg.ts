export interface CurveSeries {
	label: string;
	color: string;
	dashed?: boolean;
	/** [ms since start, messages accepted so far]. */
	points: Array<[number, number]>;
}

export interface CurvePanel {
	title: string;
	/** Messages per second the tier allows: drawn as the ideal line. */
	tier: number;
	count: number;
	series: CurveSeries[];
}

const PANEL_WIDTH = 480;
const HEIGHT = 400;
const MARGIN = { left: 62, right: 18, top: 40, bottom: 112 };

/** 1, 2 or 5 times a power of ten, so that about `target` steps span `max`. */
function niceStep(max: number, target: number): number {
	const raw = max / target;
	const power = 10 ** Math.floor(Math.log10(raw));
	return [1, 2, 5, 10].map((factor) => factor * power).find((step) => step >= raw) ?? raw;
}

function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function panel(data: CurvePanel, offsetX: number): string {
	const width = PANEL_WIDTH - MARGIN.left - MARGIN.right;
	const height = HEIGHT - MARGIN.top - MARGIN.bottom;
	const idealMs = (data.count / data.tier) * 1000;
	const lastMs = Math.max(
		idealMs,
		...data.series.flatMap((series) => series.points.map(([ms]) => ms)),
	);
	const xStep = niceStep(lastMs / 1000, 6);
	const xMax = Math.ceil(lastMs / 1000 / xStep) * xStep;
	const yStep = niceStep(data.count, 5);
	const yMax = Math.ceil(data.count / yStep) * yStep;
	const x = (ms: number) => offsetX + MARGIN.left + (ms / 1000 / xMax) * width;
	const y = (n: number) => MARGIN.top + height - (n / yMax) * height;
	const parts: string[] = [
		`<text x="${offsetX + MARGIN.left}" y="${MARGIN.top - 16}" font-size="14" font-weight="bold">${escapeXml(data.title)}</text>`,
	];
	for (let tick = 0; tick <= xMax + 1e-9; tick += xStep) {
		parts.push(
			`<line x1="${x(tick * 1000)}" y1="${y(0)}" x2="${x(tick * 1000)}" y2="${y(yMax)}" stroke="#e5e5e5"/>`,
			`<text x="${x(tick * 1000)}" y="${y(0) + 16}" font-size="11" text-anchor="middle">${Number(tick.toFixed(3))}</text>`,
		);
	}
	for (let tick = 0; tick <= yMax; tick += yStep) {
		parts.push(
			`<line x1="${x(0)}" y1="${y(tick)}" x2="${x(xMax * 1000)}" y2="${y(tick)}" stroke="#e5e5e5"/>`,
			`<text x="${x(0) - 6}" y="${y(tick) + 4}" font-size="11" text-anchor="end">${tick.toLocaleString('en-US')}</text>`,
		);
	}
	parts.push(
		`<text x="${x((xMax * 1000) / 2)}" y="${y(0) + 34}" font-size="12" text-anchor="middle">seconds since the workflow started</text>`,
		`<text transform="translate(${offsetX + 16} ${y(yMax / 2)}) rotate(-90)" font-size="12" text-anchor="middle">messages accepted</text>`,
		`<polyline fill="none" stroke="#888" stroke-dasharray="3 4" stroke-width="1.5" points="${x(0)},${y(0)} ${x(idealMs)},${y(data.count)} ${x(xMax * 1000)},${y(data.count)}"/>`,
	);
	const legend: Array<{ label: string; color: string; dashed?: boolean }> = [
		...data.series,
		{
			label: `the tier: ${data.tier.toLocaleString('en-US')} msg/s from the start`,
			color: '#888',
			dashed: true,
		},
	];
	for (const series of data.series) {
		const points = series.points
			.map(([ms, n]) => `${x(ms).toFixed(1)},${y(n).toFixed(1)}`)
			.join(' ');
		parts.push(
			`<polyline fill="none" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 3"' : ''} points="${points}"/>`,
		);
	}
	legend.forEach((entry, index) => {
		const top = y(0) + 52 + index * 15;
		parts.push(
			`<line x1="${x(0)}" y1="${top - 4}" x2="${x(0) + 22}" y2="${top - 4}" stroke="${entry.color}" stroke-width="2"${entry.dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
			`<text x="${x(0) + 28}" y="${top}" font-size="11">${escapeXml(entry.label)}</text>`,
		);
	});
	return parts.join('\n');
}

/** The campaign curves, one panel per tier, as SVG text. */
export function campaignCurveSvg(panels: CurvePanel[], caption: string): string {
	const width = PANEL_WIDTH * panels.length;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT + 24}" viewBox="0 0 ${width} ${HEIGHT + 24}" font-family="sans-serif">`,
		`<rect width="100%" height="100%" fill="#fff"/>`,
		...panels.map((each, index) => panel(each, index * PANEL_WIDTH)),
		`<text x="10" y="${HEIGHT + 16}" font-size="10" fill="#555">${escapeXml(caption)}</text>`,
		'</svg>',
		'',
	].join('\n');
}
