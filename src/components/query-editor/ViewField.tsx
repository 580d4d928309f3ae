import React from 'react';

import { VIEWS, VIEW_FIELDS } from '../../copy';
import { selectors } from '../../selectors';
import { DEFAULT_VIEWS, QueryView } from '../../types';
import { ChoiceField } from './ChoiceField';

type TypeWithViews = keyof typeof DEFAULT_VIEWS;

interface Props {
  queryType: TypeWithViews;
  value?: QueryView;
  onChange: (view: QueryView) => void;
}

/** The view of a query type that has views: which frame layout the query answers with. */
export function ViewField({ queryType, value, onChange }: Props) {
  return (
    <ChoiceField<QueryView>
      text={VIEW_FIELDS[queryType]}
      ariaLabel={selectors.queryEditor.view.ariaLabel}
      options={VIEWS[queryType]}
      value={value ?? DEFAULT_VIEWS[queryType]}
      onChange={onChange}
    />
  );
}
