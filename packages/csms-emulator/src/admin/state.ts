/** Admin: reset, seed (a named seed or a whole project), and the emulator clock. */
import { z } from 'zod';
import { resetApp } from '../app.js';
import { ProjectStateSchema, describeIssues } from '../store/schema.js';
import type { ProjectState } from '../store/model.js';
import { ok } from '../routes/context.js';
import { AdminError, parseAdmin, type AdminRoute } from './context.js';

const ResetBody = z.object({ seed: z.string().min(1).optional() });

const SeedBody = z
  .object({
    seed: z.string().min(1).optional(),
    project: z.unknown().optional(),
    project_id: z
      .string()
      .regex(/^[a-zA-Z0-9_-]{1,64}$/)
      .optional(),
  })
  .refine(
    (b) => (b.seed === undefined) !== (b.project === undefined),
    'give exactly one of seed and project',
  );

const ClockBody = z.object({
  now: z.union([z.number().int().min(0), z.string().min(1)]).optional(),
  advance_ms: z.number().int().optional(),
  frozen: z.boolean().optional(),
});

function seeded(build: () => ProjectState): ProjectState {
  try {
    return build();
  } catch (error) {
    throw new AdminError(400, error instanceof Error ? error.message : String(error));
  }
}

const summary = (project: ProjectState) => ({
  secrets: Object.keys(project.secrets).length,
  events: Object.keys(project.events).length,
  records: project.records.length,
});

export const stateRoutes: AdminRoute[] = [
  {
    method: 'POST',
    path: '/__admin/reset',
    summary:
      'Reset: main project re-seeded (body {seed?}, default the start seed), other projects dropped, faults, request log and clock offset cleared. Credentials and tokens stay.',
    handler: (app, { body }) => {
      const { seed = app.seed } = parseAdmin(ResetBody, body);
      const project = seeded(() => resetApp(app, seed));
      return ok({ project_id: app.projectId, seed, ...summary(project) });
    },
  },
  {
    method: 'POST',
    path: '/__admin/seed',
    summary:
      'Replace one project (body {seed} or {project: ProjectState}, optional project_id, default the main project).',
    handler: (app, { body }) => {
      const input = parseAdmin(SeedBody, body);
      const projectId = input.project_id ?? app.projectId;
      let project: ProjectState;
      if (input.seed !== undefined) {
        const spec = input.seed;
        project = seeded(() => app.seedProject(spec, projectId));
      } else {
        const checked = ProjectStateSchema.safeParse(input.project);
        if (!checked.success) throw new AdminError(400, `project: ${describeIssues(checked.error)}`);
        project = structuredClone(input.project as ProjectState);
      }
      app.store.replaceProject(projectId, project);
      return ok({ project_id: projectId, ...summary(project) });
    },
  },
  {
    method: 'GET',
    path: '/__admin/clock',
    summary: 'Read the emulator clock: {now, iso, offset_ms, frozen}.',
    handler: (app) => ok(app.clock.status()),
  },
  {
    method: 'POST',
    path: '/__admin/clock',
    summary:
      'Move the clock: body {now?: epoch ms | ISO string, advance_ms?, frozen?}. Due expiry notifications are written before it answers.',
    handler: (app, { body }) => {
      const input = parseAdmin(ClockBody, body);
      if (input.frozen === true) app.clock.freeze();
      if (input.now !== undefined) {
        const target = typeof input.now === 'number' ? input.now : Date.parse(input.now);
        if (!Number.isFinite(target))
          throw new AdminError(400, 'now: not an ISO-8601 date or epoch milliseconds');
        app.clock.set(target);
      }
      if (input.advance_ms !== undefined) app.clock.advance(input.advance_ms);
      if (input.frozen === false) app.clock.unfreeze();
      app.scheduler.check();
      return ok(app.clock.status());
    },
  },
];
