/**
 * The hash chain as the audit page shows it (issue 12): on a PostgreSQL store of this file's own, a row of
 * the audit log is changed behind the BFF's back (the append-only trigger switched off for the edit, as only
 * a database owner can), and "Verify now" then names that row as the first broken one.
 */
import { apiPaths } from '@csms-console/api-contract';
import pg from 'pg';
import { expectStatus } from '../fixtures/bff-api.js';
import { expect, test } from '../fixtures/index.js';
import { pickVersions } from '../fixtures/pick-versions.js';
import { DAY, wholeSecondsFromNow } from '../fixtures/time.js';
import { AuditPage } from '../pages/audit-page.js';

test.use({ bffDatabase: 'postgres' });

test('a row altered in the database shows as a broken chain after "Verify now"', async ({
  page,
  api,
  csms,
  stack,
  loginAs,
}) => {
  // A change with a reason, so the log holds an expiry change to tamper with.
  const admin = await api.login('admin');
  const [version] = await pickVersions(csms, 1, (t) => t > Date.now() + 10 * DAY);
  const res = await admin.put(apiPaths.version(stack.account, version!.secret, version!.version), {
    data: {
      expire_time: wholeSecondsFromNow(300),
      expected_expire_time: version!.expire_time,
      reason: 'e2e: the row to tamper with',
    },
  });
  await expectStatus(res, 200);

  await loginAs(page, 'auditor');
  const audit = new AuditPage(page);
  await audit.goto();
  await expect(audit.chain()).toContainText(/Intact: \d+ rows checked/);

  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  let tampered: { seq: string; id: string };
  try {
    await db.query('BEGIN');
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    const { rows } = await db.query<{ seq: string; id: string }>(
      `UPDATE audit_log SET reason = 'e2e: quietly rewritten'
        WHERE seq = (SELECT min(seq) FROM audit_log WHERE reason = 'e2e: the row to tamper with')
        RETURNING seq::text, id`,
    );
    tampered = rows[0]!;
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await db.query('COMMIT');
  } finally {
    await db.end();
  }

  await audit.chain().getByRole('button', { name: 'Verify now' }).click();
  const alert = audit.chain().getByRole('alert');
  await expect(alert).toContainText(`Broken at row ${tampered.seq}`);
  await expect(alert).toContainText(tampered.id);
  await expect(alert).toContainText('hash mismatch');
});
