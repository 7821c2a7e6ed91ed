import Apartment from '@mui/icons-material/Apartment';
import Assignment from '@mui/icons-material/Assignment';
import AttachMoney from '@mui/icons-material/AttachMoney';
import Build from '@mui/icons-material/Build';
import Business from '@mui/icons-material/Business';
import Category from '@mui/icons-material/Category';
import Chat from '@mui/icons-material/Chat';
import Description from '@mui/icons-material/Description';
import Event from '@mui/icons-material/Event';
import EventRepeat from '@mui/icons-material/EventRepeat';
import Flag from '@mui/icons-material/Flag';
import FolderOpen from '@mui/icons-material/FolderOpen';
import Forum from '@mui/icons-material/Forum';
import Handshake from '@mui/icons-material/Handshake';
import HistoryEdu from '@mui/icons-material/HistoryEdu';
import Home from '@mui/icons-material/Home';
import Hub from '@mui/icons-material/Hub';
import Inventory2 from '@mui/icons-material/Inventory2';
import Label from '@mui/icons-material/Label';
import LocalShipping from '@mui/icons-material/LocalShipping';
import Payments from '@mui/icons-material/Payments';
import Person from '@mui/icons-material/Person';
import Pets from '@mui/icons-material/Pets';
import ReceiptLong from '@mui/icons-material/ReceiptLong';
import RequestPage from '@mui/icons-material/RequestPage';
import RequestQuote from '@mui/icons-material/RequestQuote';
import School from '@mui/icons-material/School';
import ShoppingCart from '@mui/icons-material/ShoppingCart';
import Star from '@mui/icons-material/Star';
import Storefront from '@mui/icons-material/Storefront';
import SupportAgent from '@mui/icons-material/SupportAgent';
import TaskAlt from '@mui/icons-material/TaskAlt';
import Widgets from '@mui/icons-material/Widgets';
import Work from '@mui/icons-material/Work';
import { createElement, type ComponentType } from 'react';

/**
 * Definitions name their icon in Material Symbols' snake_case (`handshake`, `receipt_long`). Only
 * these are bundled (importing the whole icon set would weigh megabytes); others get the default.
 */
export const OBJECT_ICONS: Record<string, ComponentType> = {
  apartment: Apartment,
  assignment: Assignment,
  attach_money: AttachMoney,
  build: Build,
  business: Business,
  category: Category,
  chat: Chat,
  description: Description,
  event: Event,
  event_repeat: EventRepeat,
  flag: Flag,
  folder_open: FolderOpen,
  forum: Forum,
  handshake: Handshake,
  history_edu: HistoryEdu,
  home: Home,
  hub: Hub,
  inventory_2: Inventory2,
  label: Label,
  local_shipping: LocalShipping,
  payments: Payments,
  person: Person,
  pets: Pets,
  receipt_long: ReceiptLong,
  request_page: RequestPage,
  request_quote: RequestQuote,
  school: School,
  shopping_cart: ShoppingCart,
  star: Star,
  storefront: Storefront,
  support_agent: SupportAgent,
  task_alt: TaskAlt,
  widgets: Widgets,
  work: Work,
};

export const DEFAULT_OBJECT_ICON = Widgets;

export function objectIcon(name: string | undefined): ComponentType {
  return (name ? OBJECT_ICONS[name] : undefined) ?? DEFAULT_OBJECT_ICON;
}

/** The icon a definition names, as an element. */
export function ObjectIcon({ name }: { name: string | undefined }) {
  return createElement(objectIcon(name));
}
