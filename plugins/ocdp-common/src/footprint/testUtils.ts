import { Quantity, formatQuantity } from '../quantity';
import { ResourceQuantities } from './types';

/** Quantities as canonical strings, for readable exact expectations. Test helper only. */
export function strings(
  list: ResourceQuantities | Record<string, Quantity>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(list).map(([k, q]) => [k, formatQuantity(q)]),
  );
}
