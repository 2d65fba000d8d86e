import { useUiStore } from '../stores/ui-store';

/** Opens the Data tab of the dock (the data warnings point there). */
export const showDataPanel = (): void => useUiStore.getState().showBottom('data');
