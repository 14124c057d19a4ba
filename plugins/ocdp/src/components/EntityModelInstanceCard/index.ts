export {
  EntityModelInstanceCard,
  OCDP_INSTANCE_ID_ANNOTATION,
} from './EntityModelInstanceCard';
