export type { Quantity, QuantityFormat } from './types';
export { QUANTITY_FORMATS, ZERO_QUANTITY, quantityFromNanos } from './types';
export { QuantityError } from './errors';
export { parseQuantity, isValidQuantity } from './parse';
export {
  formatQuantity,
  canonicalizeQuantity,
  kubernetesQuantityString,
} from './format';
export {
  addQuantities,
  subtractQuantities,
  sumQuantities,
  multiplyQuantity,
  scaleQuantity,
  negateQuantity,
  absQuantity,
  roundUpQuantity,
} from './arithmetic';
export {
  compareQuantities,
  quantityEquals,
  isZeroQuantity,
  quantitySign,
  maxQuantity,
  minQuantity,
} from './compare';
export {
  quantityToNumber,
  quantityValue,
  quantityMilliValue,
  quantityScaledValue,
  newQuantity,
  newMilliQuantity,
  newScaledQuantity,
  quantityFromBytes,
} from './convert';
