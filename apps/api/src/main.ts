import 'reflect-metadata';
import { x } from '@sw/identity';
console.log(x);
