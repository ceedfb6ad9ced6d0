// drizzle-kit: generates SQL migrations from src/db/schema.ts into migrations/ (wrangler's migrations_dir).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './migrations',
});
