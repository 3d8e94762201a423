/** fleet contracts: schemas, subjects and channels. */
export {};
