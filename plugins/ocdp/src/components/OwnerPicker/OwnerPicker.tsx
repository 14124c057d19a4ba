import TextField from '@material-ui/core/TextField';
import { KeyboardEvent, useId, useRef, useState } from 'react';
import { useOwnerSearch } from '../../hooks/useOwnerSearch';
import { OwnerOption } from './ownerOption';
import { OwnerOptionList, ownerOptionId } from './OwnerOptionList';

/** What the owner field holds: the owner picked from the list, and the text typed. */
export interface OwnerChoice {
  picked?: OwnerOption;
  text: string;
}

/** The owner field's text once an owner is picked: its display name. */
export function pickOwner(option: OwnerOption): OwnerChoice {
  return { picked: option, text: option.displayName };
}

/**
 * A combobox over the catalog's users and groups: typing searches them by name or display
 * name (debounced), the list shows each one's display name and kind, and picking one sets the
 * owner. Typing again clears the pick.
 */
export const OwnerPicker = (props: {
  value: OwnerChoice;
  onChange: (value: OwnerChoice) => void;
  label?: string;
  error?: string;
  helperText?: string;
  required?: boolean;
  disabled?: boolean;
}) => {
  const { value, onChange, error, disabled, required } = props;
  const id = useId();
  const listboxId = `${id}-listbox`;
  const anchor = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const search = useOwnerSearch(value.picked ? '' : value.text, open);
  const options = search.options;
  const showList = open && !disabled;

  const pick = (option: OwnerOption) => {
    onChange(pickOwner(option));
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive(current =>
        options.length === 0
          ? -1
          : (current + step + options.length) % options.length,
      );
    } else if (event.key === 'Enter' && showList && options[active]) {
      event.preventDefault();
      pick(options[active]);
    } else if (event.key === 'Escape' && showList) {
      event.stopPropagation();
      setOpen(false);
    }
  };

  let status: string | undefined;
  if (search.error) {
    status = `The catalog could not be searched: ${search.error.message}`;
  } else if (search.loading && options.length === 0) {
    status = 'Searching the catalog…';
  } else if (options.length === 0) {
    status = 'No user or group matches';
  }

  return (
    <div ref={anchor}>
      <TextField
        id={`${id}-input`}
        label={props.label ?? 'Owner'}
        value={value.text}
        required={required}
        disabled={disabled}
        fullWidth
        autoComplete="off"
        placeholder="Search users and groups"
        InputLabelProps={{ shrink: true }}
        error={!!error}
        helperText={
          error ??
          (value.picked
            ? `${value.picked.kind} ${value.picked.ref}`
            : props.helperText)
        }
        inputProps={{
          role: 'combobox',
          'aria-autocomplete': 'list',
          'aria-expanded': showList,
          'aria-controls': listboxId,
          'aria-activedescendant':
            showList && active >= 0
              ? ownerOptionId(listboxId, active)
              : undefined,
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        onChange={e => {
          onChange({ text: e.target.value });
          setOpen(true);
          setActive(-1);
        }}
      />
      <OwnerOptionList
        id={listboxId}
        open={showList}
        anchor={anchor.current}
        options={options}
        active={active}
        status={status}
        onPick={pick}
      />
    </div>
  );
};
