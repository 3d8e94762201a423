/** coordination contracts: schemas, subjects and channels. */
export {};
