// Starts Tongchou: read config, open the database, migrate, load demo data on first start, listen.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { readConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { DEMO_PASSWORD, isDatabaseEmpty, seedDemo } from './db/seed/demo.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  const config = readConfig();
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.TONGCHOU_DATA_DIR,
    purpose: `Tongchou server (npm start), port ${config.PORT}`,
  });
  await database.migrate();
  if (!config.TONGCHOU_NO_DEMO && (await isDatabaseEmpty(database.db))) {
    console.log('空数据库：正在载入宜昌市演示数据… (empty database: loading Yichang demo data)');
    const logins = await seedDemo(database.db);
    console.log(`\n演示账号 Demo logins (password 密码: ${DEMO_PASSWORD})`);
    for (const l of logins) console.log(`  ${l.username.padEnd(10)} ${l.role.padEnd(13)} ${l.note}`);
    console.log('');
  }
  const app = await buildApp({ database, config, webRoot: path.join(root, 'dist/web') });
  const shutdown = async (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const where =
    database.kind === 'pglite' ? `PGlite in ${config.TONGCHOU_DATA_DIR}` : 'PostgreSQL (DATABASE_URL)';
  console.log(`Tongchou 统筹 running at ${address}  (database: ${where}; API docs: ${address}/api/docs)`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
