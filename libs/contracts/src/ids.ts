/**
 * Ids that cross between the systems: a checkpoint (卡口) or camera id as the traffic side
 * registers it (`FCG-K07`), used in checkpoint paths, reads and the court's jurisdictions alike.
 */
export const CHECKPOINT_ID_MAX_LENGTH = 100;
export const CHECKPOINT_ID = new RegExp(`^[A-Za-z0-9._:-]{1,${CHECKPOINT_ID_MAX_LENGTH}}$`);
export const CHECKPOINT_ID_RULE = `1-${CHECKPOINT_ID_MAX_LENGTH} letters, digits or . _ : -`;
