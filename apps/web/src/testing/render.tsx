import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { createQueryClient } from '../lib/query-client';
import { ZoneProvider } from '../lib/zone';

/** Renders `ui` inside the app's own providers (the real QueryClient setup and zone), with a user to drive it. */
export function renderWithProviders(ui: ReactElement, queryClient: QueryClient = createQueryClient()) {
  // No pause between keystrokes: each one is still a full keydown/input/keyup, just not spaced in time.
  const user = userEvent.setup({ delay: null });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <ZoneProvider>{ui}</ZoneProvider>
    </QueryClientProvider>,
  );
  return { user, queryClient, ...view };
}
