// @vitest-environment happy-dom
/**
 * The secret page's "Advance warnings" panel (issue 14 item 4) as a person reads it: the rules covering the
 * secret and their channels (a failing one marked in words, one that never delivered said so), and without
 * a rule, a link to set one up.
 */
import type { ConsoleNotification } from '@csms-console/api-contract';
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { AdvanceWarningsPanel } from './advance-warnings-panel';

const show = (status: ConsoleNotification, canManage = true) =>
  render(
    <MemoryRouter>
      <AdvanceWarningsPanel status={status} canManage={canManage} />
    </MemoryRouter>,
  );

afterEach(cleanup);

describe('AdvanceWarningsPanel', () => {
  it('names the covering rules and each channel: failing, delivering, never delivered', () => {
    show({
      status: 'ok',
      rules: [
        { id: 'r1', name: 'Ops' },
        { id: 'r2', name: 'Security' },
      ],
      channels: [
        { id: 'c1', name: 'Ops hook', kind: 'webhook', failing: true, last_sent_at: 1 },
        { id: 'c2', name: 'Ops mail', kind: 'email', failing: false, last_sent_at: 2 },
        { id: 'c3', name: 'New bot', kind: 'feishu', failing: false, last_sent_at: null },
      ],
    });
    const panel = screen.getByRole('region', { name: 'Advance warnings' });
    expect(panel.textContent).toContain('The console will warn before the current version expires.');
    expect(panel.textContent).toContain('Rules: Ops, Security');
    expect(
      within(panel)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Ops hook (webhook) · ⚠ failing',
      'Ops mail (email) · delivering',
      'New bot (Feishu) · never delivered yet',
    ]);
    expect(within(panel).getByRole('link', { name: 'Manage advance warnings' }).getAttribute('href')).toBe(
      '/notifications',
    );
  });

  it('says when every channel is failing', () => {
    show({
      status: 'channel_failing',
      rules: [{ id: 'r1', name: 'Ops' }],
      channels: [{ id: 'c1', name: 'Ops hook', kind: 'webhook', failing: true, last_sent_at: null }],
    });
    expect(screen.getByRole('region', { name: 'Advance warnings' }).textContent).toContain(
      'every channel they use is failing',
    );
  });

  it('without a rule, says so and links to set one up', () => {
    show({ status: 'no_rule', rules: [], channels: [] });
    const panel = screen.getByRole('region', { name: 'Advance warnings' });
    expect(panel.textContent).toContain('No rule covers this secret');
    expect(within(panel).getByRole('link', { name: 'Set one up' }).getAttribute('href')).toBe(
      '/notifications',
    );
    expect(within(panel).queryByRole('list')).toBeNull();
  });

  it('does not offer a support user or an auditor to set a rule up: it points them to read the rules', () => {
    show({ status: 'no_rule', rules: [], channels: [] }, false);
    const panel = screen.getByRole('region', { name: 'Advance warnings' });
    expect(within(panel).queryByRole('link', { name: 'Set one up' })).toBeNull();
    expect(
      within(panel)
        .getByRole('link', { name: 'See the notification rules (an admin can add one)' })
        .getAttribute('href'),
    ).toBe('/notifications');
    cleanup();
    show(
      {
        status: 'ok',
        rules: [{ id: 'r1', name: 'Ops' }],
        channels: [{ id: 'c1', name: '值班群', kind: 'dingtalk', failing: false, last_sent_at: 1 }],
      },
      false,
    );
    const covered = screen.getByRole('region', { name: 'Advance warnings' });
    expect(within(covered).queryByRole('link', { name: 'Manage advance warnings' })).toBeNull();
    expect(within(covered).getByRole('link', { name: 'See the notification rules' })).toBeTruthy();
    expect(covered.textContent).toContain('值班群 (DingTalk)');
  });
});
