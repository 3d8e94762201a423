/** cost contracts: schemas, subjects and channels. */
export {};
