/** Reading the audit log: a page, a CSV export, a chain verification; each recorded by the service first. */
import { AuditQuerySchema } from '@csms-console/api-contract';
import { auditActor } from '../../http/context.js';
import type { RouteHandlers } from '../../http/mount-routes.js';
import { noQuery, parseInput } from '../../http/parse-input.js';
import type { AuditService } from './audit.service.js';

export function auditRouter(
  service: AuditService,
  now: () => number,
): RouteHandlers<'audit' | 'auditExport' | 'auditVerify'> {
  return {
    async audit(req, res) {
      const query = parseInput(AuditQuerySchema, req.query, 'query');
      res.json(await service.list(auditActor(req, res), query));
    },
    async auditExport(req, res) {
      const { limit: _l, cursor: _c, ...filter } = parseInput(AuditQuerySchema, req.query, 'query');
      const rows = service.exportCsv(auditActor(req, res), filter);
      const first = await rows.next(); // records the export (or fails closed) before any header is sent
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="audit-${new Date(now()).toISOString().slice(0, 10)}.csv"`,
      );
      if (!first.done) res.write(first.value);
      for await (const line of rows) res.write(line);
      res.end();
    },
    async auditVerify(req, res) {
      noQuery(req.query);
      res.json(await service.verify(auditActor(req, res)));
    },
  };
}
