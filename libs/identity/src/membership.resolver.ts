import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { DataSource, In } from 'typeorm';
import type { GraphqlContext } from '@sw/graphql';
import { MembershipModel, PersonModel } from './identity.model.js';
import { UserEntity } from './user.entity.js';

/**
 * Relations of a membership. The membership itself was already filtered by the caller's
 * ability, so its person is someone the caller shares an organisation with (or administers).
 */
@Resolver(() => MembershipModel)
export class MembershipResolver {
  constructor(private readonly dataSource: DataSource) {}

  @ResolveField(() => PersonModel)
  async person(@Parent() membership: MembershipModel, @Context() ctx: GraphqlContext): Promise<PersonModel> {
    const loader = ctx.loaders.get('identity.personById', async (ids) => {
      const users = await this.dataSource.getRepository(UserEntity).find({ where: { id: In([...ids]) }, select: { id: true, displayName: true } });
      return new Map(users.map((u) => [u.id, { id: u.id, displayName: u.displayName }]));
    });
    const person = await loader.load(membership.userId);
    if (!person) throw new Error(`membership ${membership.id} has no user`);
    return person;
  }
}
