/** A plain-text translation function for button labels (ctx.t, or translate() bound to a language). */
export type Labels = (key: string, variables?: Record<string, string | number>) => string;
