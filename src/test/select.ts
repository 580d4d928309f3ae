import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

/**
 * Opens a select by its accessible name and picks the option with the given label. Found by label text
 * rather than by role: role queries walk the whole accessibility tree and are slow on large editors.
 */
export async function pickFromSelect(name: string, optionLabel: string) {
  await userEvent.click(screen.getByLabelText(name, { selector: 'input' }));
  const menu = await screen.findByLabelText('Select options menu');
  await userEvent.click(within(menu).getByText(optionLabel, { exact: true }));
}
