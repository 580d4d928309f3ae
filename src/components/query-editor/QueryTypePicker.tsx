import React, { useId } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, Select, useStyles2 } from '@grafana/ui';

import { QUERY_FIELDS, QUERY_TYPES, QUERY_TYPE_GROUPS, QueryTypeGroup, UNKNOWN_QUERY_TYPE } from '../../copy';
import { describeQueryType, isKnownQueryType } from '../../helpers';
import { selectors } from '../../selectors';
import { QueryType } from '../../types';
import { LABEL_WIDTH, PICKER_WIDTH } from './layout';

interface Props {
  value: QueryType;
  onChange: (queryType: QueryType) => void;
}

/**
 * The query types grouped by what they are about. `expanded` keeps the groups open in Grafana versions whose
 * select menu folds groups away.
 */
const GROUPED_OPTIONS: Array<SelectableValue<QueryType>> = (Object.keys(QUERY_TYPE_GROUPS) as QueryTypeGroup[]).map(
  (group) => ({
    label: QUERY_TYPE_GROUPS[group],
    expanded: true,
    options: QUERY_TYPES.filter((type) => type.group === group).map(({ value, label, description }) => ({
      value,
      label,
      description,
    })),
  })
);

/** The query type, picked from a grouped list, with a one-line description of the chosen one below. */
export function QueryTypePicker({ value, onChange }: Props) {
  const styles = useStyles2(getStyles);
  const id = useId();
  return (
    <>
      <InlineFieldRow>
        <InlineField
          label={QUERY_FIELDS.queryType.label}
          labelWidth={LABEL_WIDTH}
          tooltip={QUERY_FIELDS.queryType.tooltip}
          htmlFor={id}
        >
          <Select<QueryType>
            inputId={id}
            aria-label={selectors.queryEditor.queryType.ariaLabel}
            width={PICKER_WIDTH}
            options={GROUPED_OPTIONS}
            // A type from a newer version of the plugin is shown by its name.
            value={isKnownQueryType(value) ? value : { value, label: String(value) }}
            onChange={(option: SelectableValue<QueryType>) => option.value && onChange(option.value)}
          />
        </InlineField>
      </InlineFieldRow>
      <p
        className={styles.description}
        aria-live="polite"
        data-testid={selectors.queryEditor.queryTypeDescription.testId}
      >
        {describeQueryType(value) || UNKNOWN_QUERY_TYPE}
      </p>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // Lines up with the controls, past the labels (InlineField labels are followed by a 4px gap).
  description: css({
    margin: `${theme.spacing(-0.5)} 0 ${theme.spacing(1)} calc(${theme.spacing(LABEL_WIDTH)} + 4px)`,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
