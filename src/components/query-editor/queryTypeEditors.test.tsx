import { screen } from '@testing-library/react';

import { FILTERS, QUERY_TYPES } from '../../copy';
import { renderTypeEditor } from '../../test/queryTypeEditor';
import { QUERY_TYPE_EDITORS } from './queryTypeEditors';

describe('QUERY_TYPE_EDITORS', () => {
  it('has an editor for every query type the picker offers, and no other', () => {
    expect(Object.keys(QUERY_TYPE_EDITORS).sort()).toEqual(QUERY_TYPES.map((t) => t.value).sort());
  });

  it.each(QUERY_TYPES.map((t) => t.value))('renders the %s editor with labelled fields', (type) => {
    renderTypeEditor(QUERY_TYPE_EDITORS[type], { queryType: type });
    // every query type filters by streams, tags and countries
    for (const filter of Object.values(FILTERS)) {
      expect(screen.getByLabelText(new RegExp(`^${filter.label}`))).toBeInTheDocument();
    }
  });
});
