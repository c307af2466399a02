/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** a ÷ b, or NaN when b is 0. */
export function ratio(a: number, b: number): number {
	return b === 0 ? Number.NaN : a / b;
}

/** The first and third quartiles (medians of the lower and upper halves): the spread of the middle half. */
export function quartiles(values: number[]): [number, number] {
	const sorted = [...values].sort((a, b) => a - b);
	const half = Math.floor(sorted.length / 2);
	return [median(sorted.slice(0, half)), median(sorted.slice(sorted.length - half))];
}
