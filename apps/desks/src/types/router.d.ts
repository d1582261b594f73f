import 'vue-router';
import type { Component } from 'vue';
import type { Role } from '@/api/types';

declare module 'vue-router' {
  interface RouteMeta {
    /** Locale key of the page's title (menu entry and browser tab). */
    title?: string;
    /** Roles that may enter; absent: any signed-in person. */
    roles?: Role[];
    /** Roles whose home (`/`) is this page. */
    deskFor?: Role[];
    /** No login, no staff layout (the party page). */
    public?: boolean;
    /** Menu icon. */
    icon?: Component;
    /** Menu position, ascending. */
    order?: number;
    /** A page of the area that is no menu entry (e.g. a case page). */
    hideInMenu?: boolean;
  }
}
