import type { Channel, Rule } from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';
import { languageLabel, leadText, versionsLabel } from '../utils/labels';
import { FromFile } from './from-file';
import { ColumnHeads, EditDeleteButtons } from './notify-parts';

/**
 * The rules: which versions of which accounts warn, how long before, through which channels, in which
 * language. Admins edit and delete console rules; a rule from the provisioning file is read-only here.
 */
export function RulesTable({
  rules,
  channels,
  canWrite,
  onEdit,
  onDelete,
}: {
  rules: Rule[];
  channels: Channel[];
  canWrite: boolean;
  onEdit: (rule: Rule) => void;
  onDelete: (rule: Rule) => void;
}) {
  const names = new Map(channels.map((c) => [c.id, c.name]));
  const cols = {
    name: t('notify.rules.col.name'),
    enabled: t('notify.rules.col.enabled'),
    accounts: t('notify.rules.col.accounts'),
    versions: t('notify.rules.col.versions'),
    lead: t('notify.rules.col.lead'),
    channels: t('notify.rules.col.channels'),
    language: t('notify.rules.col.language'),
  };
  return (
    <div className="table-scroll">
      <table className="data-table notify-table">
        <caption className="visually-hidden">{t('notify.rules.caption', { count: rules.length })}</caption>
        <ColumnHeads names={cols} trailing={canWrite ? t('notify.actions') : undefined} />
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id}>
              <th scope="row" data-label={cols.name}>
                {rule.name} {rule.source === 'file' ? <FromFile /> : null}
              </th>
              <td data-label={cols.enabled}>{rule.enabled ? t('notify.rules.on') : t('notify.rules.off')}</td>
              <td data-label={cols.accounts}>
                {rule.accounts === '*' ? t('notify.rules.allAccounts') : rule.accounts.join(', ')}
              </td>
              <td data-label={cols.versions}>{versionsLabel(rule.versions)}</td>
              <td data-label={cols.lead}>{leadText(rule.lead_days, rule.on_expiry)}</td>
              <td data-label={cols.channels}>
                {rule.channels.map((id) => names.get(id) ?? t('notify.rules.unknownChannel')).join(', ')}
              </td>
              <td data-label={cols.language}>
                {languageLabel(rule.language)} <span className="muted">({rule.time_zone})</span>
              </td>
              {canWrite ? (
                <td className="notify-actions">
                  {rule.source === 'console' ? (
                    <EditDeleteButtons
                      editLabel={t('notify.rules.editNamed', { name: rule.name })}
                      deleteLabel={t('notify.rules.deleteNamed', { name: rule.name })}
                      onEdit={() => onEdit(rule)}
                      onDelete={() => onDelete(rule)}
                    />
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
