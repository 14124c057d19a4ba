import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ComponentType, useState } from 'react';

/**
 * A scaffolder field as the form drives it: its value kept in state, `onChange` recorded, the
 * rest of the form in `formContext.formData`.
 */
export function FieldHarness<T, O extends {} = {}>(props: {
  field: ComponentType<FieldExtensionComponentProps<T, O>>;
  initial?: T;
  formData?: Record<string, unknown>;
  uiOptions?: O;
  onChange: (value: T | undefined) => void;
  title?: string;
}) {
  const { field: Field, onChange } = props;
  const [value, setValue] = useState<T | undefined>(props.initial);
  const fieldProps = {
    formData: value,
    onChange: (next: T | undefined) => {
      setValue(next);
      onChange(next);
    },
    formContext: { formData: props.formData ?? {} },
    uiSchema: { 'ui:options': props.uiOptions ?? {} },
    schema: { title: props.title },
    idSchema: { $id: 'root_field' },
    rawErrors: [],
    required: true,
  } as unknown as FieldExtensionComponentProps<T, O>;
  return <Field {...fieldProps} />;
}
