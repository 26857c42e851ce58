import { defineConfig } from 'drizzle-kit'

// `npm run db:generate -w @relaymesh/store` writes a new migration under ./migrations; commit it.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
  casing: 'snake_case',
})
