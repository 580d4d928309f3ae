import React, { useId } from 'react';
import { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, MultiSelect } from '@grafana/ui';

import { FILTERS } from '../../copy';
import { filterValues } from '../../helpers';
import { FilterKey } from '../../types';
import { LABEL_WIDTH, PICKER_WIDTH } from './layout';
import { FilterOptionList } from './types';

interface Props {
  filter: FilterKey;
  values?: string[];
  list: FilterOptionList;
  onChange: (values: string[]) => void;
}

/**
 * One filter list of a query (streams, tags or countries): picked from the list, typed, or a dashboard
 * variable. A list that failed to load shows its error and the picker still takes typed values.
 */
export function FilterPicker({ filter, values, list, onChange }: Props) {
  // Several queries of a panel show their editors at once, so element ids must differ per editor.
  const id = useId();
  const text = FILTERS[filter];
  return (
    <InlineFieldRow>
      <InlineField
        label={text.label}
        labelWidth={LABEL_WIDTH}
        tooltip={text.tooltip}
        invalid={Boolean(list.error)}
        error={list.error}
        htmlFor={id}
      >
        <MultiSelect<string>
          inputId={id}
          width={PICKER_WIDTH}
          placeholder={text.placeholder}
          options={list.options}
          value={selectedOptions(values, list.options)}
          isLoading={list.loading}
          allowCustomValue
          isClearable
          noOptionsMessage={text.noOptionsMessage}
          onChange={(selected: Array<SelectableValue<string>>) =>
            onChange(
              filterValues(
                filter,
                selected.map((option) => option.value ?? '')
              )
            )
          }
        />
      </InlineField>
    </InlineFieldRow>
  );
}

// Keeps values that are not (or not yet) among the options, such as custom names and variables.
function selectedOptions(values: string[] | undefined, options: Array<SelectableValue<string>>) {
  return (values ?? []).map((value) => options.find((option) => option.value === value) ?? { value, label: value });
}
