/** A parameter or credential value that cannot work; its message names the fix. Raised before any request. */
export class InvalidInputError extends Error {}
