export function adminDatabaseUrl(): string;
export function runDatabasePrefix(): string;
