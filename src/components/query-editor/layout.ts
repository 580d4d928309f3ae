// Sizes shared by the query editor's rows, in grid units of the theme's spacing.
export const LABEL_WIDTH = 14;
export const PICKER_WIDTH = 40;
