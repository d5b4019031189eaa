export const NURTURE_LOGGER = Symbol('NURTURE_LOGGER');
