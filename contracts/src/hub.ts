/** hub contracts: schemas, subjects and channels. */
export {};
