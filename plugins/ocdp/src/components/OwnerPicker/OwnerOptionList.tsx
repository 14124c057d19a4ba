import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import MenuList from '@material-ui/core/MenuList';
import Paper from '@material-ui/core/Paper';
import Popper from '@material-ui/core/Popper';
import Typography from '@material-ui/core/Typography';
import { OwnerOption } from './ownerOption';

/** The id of the option at `index` of the list `id`. */
export function ownerOptionId(id: string, index: number): string {
  return `${id}-option-${index}`;
}

/**
 * The owner picker's drop-down under its field: a status line (searching, nothing found, an
 * error) and the options, each its display name over its kind and name. Above dialogs.
 */
export const OwnerOptionList = (props: {
  id: string;
  open: boolean;
  anchor: HTMLElement | null;
  options: OwnerOption[];
  active: number;
  status?: string;
  onPick: (option: OwnerOption) => void;
}) => {
  const { id, open, anchor, options, active, status, onPick } = props;
  return (
    <Popper
      open={open}
      anchorEl={anchor}
      placement="bottom-start"
      style={{ zIndex: 1400, width: anchor?.clientWidth, maxWidth: '100vw' }}
    >
      <Paper elevation={8}>
        {status && (
          <Typography
            variant="body2"
            color="textSecondary"
            style={{ padding: '8px 16px' }}
          >
            {status}
          </Typography>
        )}
        {options.length > 0 && (
          <MenuList
            id={id}
            role="listbox"
            aria-label="Users and groups"
            dense
            autoFocusItem={false}
            style={{ maxHeight: 320, overflowY: 'auto' }}
          >
            {options.map((option, index) => (
              <MenuItem
                key={option.ref}
                id={ownerOptionId(id, index)}
                role="option"
                aria-selected={index === active}
                selected={index === active}
                // Keeps the focus in the field, so picking does not blur it first.
                onMouseDown={event => event.preventDefault()}
                onClick={() => onPick(option)}
              >
                <ListItemText
                  primary={option.displayName}
                  secondary={`${option.kind} · ${option.name}`}
                  primaryTypographyProps={{ noWrap: true }}
                  secondaryTypographyProps={{ noWrap: true }}
                />
              </MenuItem>
            ))}
          </MenuList>
        )}
      </Paper>
    </Popper>
  );
};
