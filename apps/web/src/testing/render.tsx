import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { I18nRoot } from '../lib/i18n';
import { createQueryClient } from '../lib/query-client';
import { ZoneProvider } from '../lib/zone';

/**
 * Renders `ui` inside the app's own providers (the catalogues, the real QueryClient setup and zone), with a
 * user to drive it.
 */
export function renderWithProviders(ui: ReactElement, queryClient: QueryClient = createQueryClient()) {
  // No pause between keystrokes: each one is still a full keydown/input/keyup, just not spaced in time.
  const user = userEvent.setup({ delay: null });
  const view = render(
    <I18nRoot>
      <QueryClientProvider client={queryClient}>
        <ZoneProvider>{ui}</ZoneProvider>
      </QueryClientProvider>
    </I18nRoot>,
  );
  return { user, queryClient, ...view };
}
