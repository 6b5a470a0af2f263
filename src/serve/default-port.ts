/** Where `tolog serve` listens unless told otherwise. */
export const DEFAULT_PORT = 4588;
