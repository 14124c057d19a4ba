export { OwnerPicker, pickOwner } from './OwnerPicker';
export type { OwnerChoice } from './OwnerPicker';
export type { OwnerOption } from './ownerOption';
