/** safety contracts: schemas, subjects and channels. */
export {};
